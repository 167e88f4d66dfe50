import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { AuthSession } from '../../auth/auth-session.entity.js';

/**
 * One refresh token of a session API session, stored only as its sha256. A rotated token keeps its
 * row (`rotated_at` set) so that presenting it again is recognised as theft and revokes the session.
 */
@Entity({ name: 'refresh_tokens' })
@Index('IDX_refresh_tokens_session', ['sessionId'])
export class RefreshToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  @ManyToOne(() => AuthSession, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id' })
  session?: Relation<AuthSession>;

  /** sha256 hex of the opaque token. */
  @Index('UQ_refresh_tokens_hash', { unique: true })
  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Sliding end: now + REFRESH_TOKEN_SESSION_HOURS at issue, never past the session's absolute end. */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  /** Set when this token was exchanged for a new one; presenting it afterwards is reuse. */
  @Column({ name: 'rotated_at', type: 'timestamptz', nullable: true })
  rotatedAt: Date | null;
}
