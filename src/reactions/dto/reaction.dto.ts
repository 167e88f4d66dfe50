import { ApiProperty, IntersectionType } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';

// API.md §9: 1–32 code points, no whitespace or control characters (a Unicode emoji or `:name:`).
const EMOJI = { description: '1–32 code points, no whitespace', minLength: 1, example: '👍' };
const MESSAGE_ID = '0b7e6a1d-2f4c-4d9e-8a61-5c3b2d1e0f9a';

export class ReactionRequest {
  @ApiProperty(EMOJI)
  @Matches(/^[^\s\p{Cc}\p{Cs}]{1,32}$/u, { message: 'emoji must be 1–32 characters, no whitespace' })
  emoji!: string;
}

class MessageRef {
  @ApiProperty({ example: MESSAGE_ID }) @IsString() @MaxLength(200) message_id!: string;
}

/** `data` of `reaction.add` / `reaction.remove`. */
export class ReactionFrame extends IntersectionType(MessageRef, ReactionRequest) {}

/** `reaction.added` / `reaction.removed` data; also what adding answers. */
export class ReactionEvent {
  @ApiProperty({ format: 'uuid', example: '6f1c2a54-8a4e-4b8e-9a37-0d6c1f3e9b10' }) room_id: string;
  @ApiProperty({ format: 'uuid', example: MESSAGE_ID }) message_id: string;
  @ApiProperty(EMOJI) emoji: string;
  @ApiProperty({ pattern: '^[a-z0-9_.-]{3,32}$', example: 'apm' }) username: string;
}

export class ReactionSummary {
  @ApiProperty() emoji: string;
  @ApiProperty() count: number;
  @ApiProperty({ type: [String], description: 'the first 20 who reacted' }) users: string[];
  @ApiProperty({ description: 'the caller reacted with it' }) me: boolean;
}
