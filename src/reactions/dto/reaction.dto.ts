import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';

/** API.md §9: 1–32 code points, no whitespace or control characters (a Unicode emoji or `:name:`). */
export class ReactionRequest {
  @ApiProperty({ example: '👍' })
  @Matches(/^[^\s\p{Cc}\p{Cs}]{1,32}$/u, { message: 'emoji must be 1–32 characters, no whitespace' })
  emoji!: string;
}

export class ReactionFrame extends ReactionRequest {
  @IsString() message_id!: string;
}

/** `reaction.added` / `reaction.removed` data; also what adding answers. */
export class ReactionEvent {
  @ApiProperty() room_id: string;
  @ApiProperty() message_id: string;
  @ApiProperty() emoji: string;
  @ApiProperty() username: string;
}

export class ReactionSummary {
  @ApiProperty() emoji: string;
  @ApiProperty() count: number;
  @ApiProperty({ type: [String], description: 'the first 20 who reacted' }) users: string[];
  @ApiProperty({ description: 'the caller reacted with it' }) me: boolean;
}
