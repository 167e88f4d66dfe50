// `data` of each client → server event on /ws (API.md §6), validated strictly by the global
// DtoValidationPipe (it reaches gateway payloads). Body and client_id rules live in the service.
import {
  IsDefined,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  type ValidationOptions,
} from 'class-validator';

const MAX_SEQ = 2 ** 31 - 1;
/** Bound on rooms one `resume` may name, so a frame cannot ask for unbounded work. */
export const RESUME_MAX_ROOMS = 1000;

export class SendMessageFrame {
  @IsString()
  @MaxLength(200)
  room_id!: string;

  /** Type, blankness and length are the service's rules (VALIDATION_FAILED / MESSAGE_TOO_LONG). */
  @IsDefined()
  body!: unknown;

  @IsString()
  @Length(1, 64)
  client_id!: string;
}

export class EditMessageFrame {
  @IsString()
  @MaxLength(200)
  message_id!: string;

  @IsDefined()
  body!: unknown;
}

export class DeleteMessageFrame {
  @IsString()
  @MaxLength(200)
  message_id!: string;
}

export class TypingFrame {
  @IsString()
  @MaxLength(200)
  room_id!: string;
}

export class ReadFrame {
  @IsString()
  @MaxLength(200)
  room_id!: string;

  @IsInt()
  @Min(0)
  @Max(MAX_SEQ)
  seq!: number;
}

/** `{room_id: last seq seen}`: every value an integer ≥ 0, at most RESUME_MAX_ROOMS rooms. */
function IsSeqByRoom(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isSeqByRoom',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `$property must map at most ${RESUME_MAX_ROOMS} room ids to integer seqs ≥ 0`,
        ...options,
      },
      validator: {
        validate(value: unknown): boolean {
          if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
          const entries = Object.entries(value);
          return (
            entries.length <= RESUME_MAX_ROOMS &&
            entries.every(
              ([, seq]) => Number.isInteger(seq) && (seq as number) >= 0 && (seq as number) <= MAX_SEQ,
            )
          );
        },
      },
    });
}

export class ResumeFrame {
  @IsObject()
  @IsSeqByRoom()
  rooms!: Record<string, number>;

  /** The `cursor` of an earlier `resume.done` (its format is the service's rule: sync-cursor.ts). */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  since?: string;
}
