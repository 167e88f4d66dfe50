import { ApiProperty, IntersectionType } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { MarkEventBase, MarkSummaryBase, MessageRefFrame } from '../../chat/index.js';

// API.md §9: 1–32 code points, no whitespace or control characters (a Unicode emoji or `:name:`).
const EMOJI = { description: '1–32 code points, no whitespace', minLength: 1, example: '👍' };

export class ReactionRequest {
  @ApiProperty(EMOJI)
  @Matches(/^[^\s\p{Cc}\p{Cs}]{1,32}$/u, { message: 'emoji must be 1–32 characters, no whitespace' })
  emoji!: string;
}

/** `data` of `reaction.add` / `reaction.remove`. */
export class ReactionFrame extends IntersectionType(MessageRefFrame, ReactionRequest) {}

/** `reaction.added` / `reaction.removed` data; also what adding answers. */
export class ReactionEvent extends MarkEventBase {
  @ApiProperty(EMOJI) emoji: string;
}

export class ReactionSummary extends MarkSummaryBase {
  @ApiProperty() emoji: string;
}
