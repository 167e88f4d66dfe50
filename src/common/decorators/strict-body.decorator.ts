export const LENIENT_BODY = 'p-chat:lenient-body';

/**
 * Marks a request DTO of the older public APIs (flash, /session/*): unknown fields are dropped instead
 * of rejected. DTOs of new routes stay strict by default.
 */
export const LenientBody = (): ClassDecorator => (target) => {
  Reflect.defineMetadata(LENIENT_BODY, true, target);
};
