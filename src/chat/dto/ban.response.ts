import { ApiProperty } from '@nestjs/swagger';

export interface BanView {
  username: string;
  name: string;
  bannedBy: string | null;
  bannedAt: Date;
}

/** An item of GET /rooms/:id/bans (API.md §5), and the answer of POST /rooms/:id/bans. */
export class BanResponse {
  @ApiProperty() username: string;
  @ApiProperty() name: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'username of who banned; null once that account is gone',
  })
  banned_by: string | null;
  @ApiProperty({ format: 'date-time' }) banned_at: string;
}

export function toBanResponse(view: BanView): BanResponse {
  return {
    username: view.username,
    name: view.name,
    banned_by: view.bannedBy,
    banned_at: view.bannedAt.toISOString(),
  };
}
