/**
 * A POST result that created nothing (an idempotent replay, an existing direct room, a reaction the
 * caller had already added): the envelope interceptor answers it 200 instead of 201 (API.md §0).
 */
export class Unchanged<T> {
  constructor(readonly value: T) {}
}
