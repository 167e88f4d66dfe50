// What every kind of MessageMarks shares on the wire; a module's DTOs extend these with the mark's
// own column (documented and validated there), so its OpenAPI and AsyncAPI entries state each field once.
import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

const MESSAGE_ID = { format: 'uuid', example: '0b7e6a1d-2f4c-4d9e-8a61-5c3b2d1e0f9a' };

/** The message a client frame is about (`data.message_id`; an `error` answers with it as `ref`). */
export class MessageRefFrame {
  @ApiProperty({ example: MESSAGE_ID.example }) @IsString() @MaxLength(200) message_id!: string;
}

/** Data of a mark's added/removed event (and what adding one answers), besides the mark itself. */
export class MarkEventBase {
  @ApiProperty({ format: 'uuid', example: '6f1c2a54-8a4e-4b8e-9a37-0d6c1f3e9b10' }) room_id: string;
  @ApiProperty(MESSAGE_ID) message_id: string;
  @ApiProperty({ pattern: '^[a-z0-9_.-]{3,32}$', example: 'apm' }) username: string;
}

/** A row of a message's marks, besides the mark itself. */
export class MarkSummaryBase {
  @ApiProperty() count: number;
  @ApiProperty({ type: [String], description: 'the first 20 who marked it' }) users: string[];
  @ApiProperty({ description: 'the caller marked it' }) me: boolean;
}
