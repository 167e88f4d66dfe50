import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { ROOM_ROLES, type RoomRole } from '../entities/room-member.entity.js';
import type { RoomVisibility } from '../entities/room.entity.js';

const NO_CONTROL_CHARS = /^[^\p{Cc}]*$/u;
/** Topics may span lines. */
const NO_CONTROL_CHARS_BUT_NEWLINES = /^(?:[^\p{Cc}]|[\n\t])*$/u;
const VISIBILITIES: RoomVisibility[] = ['public', 'private'];

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class CreateRoomRequest {
  @ApiProperty({ minLength: 1, maxLength: 100, description: 'trimmed; no control characters' })
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'name must not be blank' })
  @MaxLength(100)
  @Matches(NO_CONTROL_CHARS, { message: 'name must not contain control characters' })
  name: string;

  @ApiPropertyOptional({ type: String, maxLength: 500, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @Matches(NO_CONTROL_CHARS_BUT_NEWLINES, { message: 'topic must not contain control characters' })
  topic?: string | null;

  @ApiPropertyOptional({ enum: VISIBILITIES, default: 'private' })
  @IsOptional()
  @IsIn(VISIBILITIES)
  visibility?: RoomVisibility;
}

export class UpdateRoomRequest {
  @ApiPropertyOptional({ minLength: 1, maxLength: 100 })
  @Transform(trim)
  @ValidateIf((_, value) => value !== undefined)
  @IsString()
  @MinLength(1, { message: 'name must not be blank' })
  @MaxLength(100)
  @Matches(NO_CONTROL_CHARS, { message: 'name must not contain control characters' })
  name?: string;

  @ApiPropertyOptional({ type: String, maxLength: 500, nullable: true, description: 'null clears it' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @Matches(NO_CONTROL_CHARS_BUT_NEWLINES, { message: 'topic must not contain control characters' })
  topic?: string | null;

  @ApiPropertyOptional({ enum: VISIBILITIES })
  @ValidateIf((_, value) => value !== undefined)
  @IsIn(VISIBILITIES)
  visibility?: RoomVisibility;
}

export class PublicRoomsQuery {
  @ApiPropertyOptional({ description: 'case-insensitive prefix of the room name' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1, { message: 'limit must be between 1 and 200' })
  @Max(200, { message: 'limit must be between 1 and 200' })
  limit?: number;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'id of the last room of the previous page (keyset cursor)',
  })
  @IsOptional()
  @IsString()
  after?: string;
}

export class AddMemberRequest {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username: string;
}

export class BanRequest {
  @ApiProperty({ description: 'the user to ban (a member is removed; anyone else is kept out)' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username: string;
}

export class ChangeRoleRequest {
  @ApiProperty({ enum: ROOM_ROLES })
  @IsIn(ROOM_ROLES)
  role: RoomRole;
}
