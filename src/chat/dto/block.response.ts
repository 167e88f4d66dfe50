import { ApiProperty } from '@nestjs/swagger';

/** A row of GET /blocks, and the answer of POST /blocks/:username (API.md §5 Blocking). */
export class BlockResponse {
  @ApiProperty() username: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'date-time' }) blocked_at: string;
}

export interface BlockRow {
  username: string;
  name: string;
  blocked_at: Date;
}

export function toBlockResponse(row: BlockRow): BlockResponse {
  return { username: row.username, name: row.name, blocked_at: row.blocked_at.toISOString() };
}
