import { DomainError, type ErrorKind } from '../common/errors/domain-error.js';

/** Errors of the rooms and messages rules (API.md §5); transports map `kind` to a status or an `error` frame. */
export class ChatError extends DomainError {
  constructor(kind: ErrorKind, code: string, message: string, details?: unknown) {
    super(kind, code, message, details);
  }
}

/** Also what a non-member sees of a private room: its existence is not revealed. */
export class RoomNotFoundError extends ChatError {
  constructor(message = 'room not found') {
    super('not_found', 'NOT_FOUND', message);
  }
}

export class MessageNotFoundError extends ChatError {
  constructor() {
    super('not_found', 'NOT_FOUND', 'message not found');
  }
}

export class ChatUserNotFoundError extends ChatError {
  constructor() {
    super('not_found', 'NOT_FOUND', 'user not found');
  }
}

export class MemberNotFoundError extends ChatError {
  constructor() {
    super('not_found', 'NOT_FOUND', 'not a member of this room');
  }
}

/** A non-member acting on a public room (private rooms answer 404 instead). */
export class NotAMemberError extends ChatError {
  constructor() {
    super('forbidden', 'NOT_A_MEMBER', 'you are not a member of this room');
  }
}

/** A role too low for the action. */
export class ChatForbiddenError extends ChatError {
  constructor(message = 'your role does not allow this') {
    super('forbidden', 'FORBIDDEN', message);
  }
}

export class DirectRoomFixedError extends ChatError {
  constructor() {
    super('invalid', 'DIRECT_ROOM_FIXED', 'a direct room always has exactly its two users');
  }
}

export class OwnerMustTransferError extends ChatError {
  constructor() {
    super('conflict', 'OWNER_MUST_TRANSFER', 'the owner must hand ownership to another member first');
  }
}

export class MessageTooLongError extends ChatError {
  constructor(max: number) {
    super('invalid', 'MESSAGE_TOO_LONG', `message is longer than ${max} characters`, { max });
  }
}

export class CannotDmSelfError extends ChatError {
  constructor() {
    super('invalid', 'CANNOT_DM_SELF', 'you cannot open a direct room with yourself');
  }
}

export class MessageDeletedError extends ChatError {
  constructor() {
    super('conflict', 'MESSAGE_DELETED', 'a deleted message cannot be edited');
  }
}

/** A banned user joining a public room (API.md §5). */
export class BannedError extends ChatError {
  constructor() {
    super('forbidden', 'BANNED', 'you are banned from this room');
  }
}

/** Adding a banned user to a room: lift the ban first. */
export class BannedMemberError extends ChatError {
  constructor() {
    super('conflict', 'BANNED', 'this user is banned from this room');
  }
}

export class BanNotFoundError extends ChatError {
  constructor() {
    super('not_found', 'NOT_FOUND', 'this user is not banned from this room');
  }
}

export class CannotBanSelfError extends ChatError {
  constructor() {
    super('invalid', 'CANNOT_BAN_SELF', 'you cannot ban yourself (leave the room instead)');
  }
}

/** The other user of the direct room blocks the caller (API.md §5 Blocking): nothing was stored. */
export class BlockedError extends ChatError {
  constructor() {
    super('forbidden', 'BLOCKED', 'this user has blocked you');
  }
}

export class CannotBlockSelfError extends ChatError {
  constructor() {
    super('invalid', 'CANNOT_BLOCK_SELF', 'you cannot block yourself');
  }
}

export class NotBlockedError extends ChatError {
  constructor() {
    super('not_found', 'NOT_FOUND', 'you do not block this user');
  }
}
