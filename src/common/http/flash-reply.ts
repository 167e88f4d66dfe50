/** A flash-API handler result with a message other than the default empty one. */
export class FlashReply<T> {
  constructor(
    readonly message: string,
    readonly content: T,
  ) {}
}
