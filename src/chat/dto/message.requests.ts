import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { HISTORY_MAX_LIMIT, MAX_SEQ } from '../history-cursor.js';

export class HistoryQuery {
  @ApiPropertyOptional({ description: 'messages with seq < before, newest first' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'before must be an integer' })
  @Min(0)
  @Max(MAX_SEQ)
  before?: number;

  @ApiPropertyOptional({ description: 'messages with seq > after, oldest first' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'after must be an integer' })
  @Min(0)
  @Max(MAX_SEQ)
  after?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: HISTORY_MAX_LIMIT, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1, { message: `limit must be between 1 and ${HISTORY_MAX_LIMIT}` })
  @Max(HISTORY_MAX_LIMIT, { message: `limit must be between 1 and ${HISTORY_MAX_LIMIT}` })
  limit?: number;

  @ApiPropertyOptional({
    maxLength: 64,
    description:
      'a sync cursor (`resume.done.cursor`, or `cursor` of an earlier changes page): the messages inserted, ' +
      'edited or deleted after it, in change order, instead of a page by seq; not with before/after',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  changed_since?: string;
}

/** Body rules (blank, MESSAGE_TOO_LONG) live in the service, shared with WebSocket. */
export class SendMessageRequest {
  @ApiProperty({ description: 'not blank; at most MESSAGE_MAX_LENGTH code points' })
  @IsString()
  body: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 64, description: 'makes the send idempotent' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  client_id?: string;
}

export class EditMessageRequest {
  @ApiProperty()
  @IsString()
  body: string;
}

export class ReadMarkerRequest {
  @ApiProperty({ description: 'highest seq read; a lower seq than the current marker is ignored' })
  @IsInt({ message: 'seq must be an integer' })
  @Min(0)
  @Max(MAX_SEQ)
  seq: number;
}
