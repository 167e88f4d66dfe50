// The rooms API's errors as the OpenAPI document names them (see @ApiErrors), shared by its controllers.
import { errorDoc } from '../../common/openapi/api-responses.js';
import {
  BannedError,
  BannedMemberError,
  BanNotFoundError,
  CannotBanSelfError,
  BlockedError,
  CannotBlockSelfError,
  CannotDmSelfError,
  ChatForbiddenError,
  ChatUserNotFoundError,
  DirectRoomFixedError,
  MemberNotFoundError,
  MessageDeletedError,
  MessageNotFoundError,
  NotAMemberError,
  NotBlockedError,
  OwnerMustTransferError,
  RoomNotFoundError,
} from '../chat.errors.js';

export const ChatErrorDocs = {
  roomNotFound: errorDoc(
    RoomNotFoundError,
    'an unknown room, a private room the caller is not in (its existence is not revealed), or a malformed id',
  ),
  notAMember: errorDoc(NotAMemberError, 'a public room the caller has not joined'),
  forbidden: errorDoc(ChatForbiddenError, 'the caller’s role does not allow this'),
  directRoomFixed: errorDoc(DirectRoomFixedError, 'direct rooms keep their two members and settings'),
  ownerMustTransfer: errorDoc(OwnerMustTransferError),
  userNotFound: errorDoc(ChatUserNotFoundError, 'no user has this username'),
  memberNotFound: errorDoc(MemberNotFoundError, 'the user is not a member of this room'),
  messageNotFound: errorDoc(MessageNotFoundError, 'no message of this room has this id'),
  messageDeleted: errorDoc(MessageDeletedError),
  messageTooLong: errorDoc(
    { kind: 'invalid', code: 'MESSAGE_TOO_LONG' },
    'the body is longer than MESSAGE_MAX_LENGTH code points (`details.max`)',
  ),
  invalidQuery: errorDoc({ kind: 'invalid', code: 'VALIDATION_FAILED' }, 'a query parameter breaks its rule'),
  cannotDmSelf: errorDoc(CannotDmSelfError),
  banned: errorDoc(BannedError, 'the caller is banned from this room'),
  bannedMember: errorDoc(BannedMemberError, 'the user is banned from this room: lift the ban first'),
  banNotFound: errorDoc(BanNotFoundError, 'the user is not banned from this room (or no such user)'),
  cannotBanSelf: errorDoc(CannotBanSelfError),
  blocked: errorDoc(BlockedError, 'the other user of the direct room blocks the caller; nothing was stored'),
  cannotBlockSelf: errorDoc(CannotBlockSelfError),
  notBlocked: errorDoc(NotBlockedError, 'the caller does not block this user'),
};
