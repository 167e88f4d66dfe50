// Work a request causes but its answer must not reveal: started after the answer is on its way, so a
// route that looks up an account answers in the same time whether or not the account exists.
export function afterResponse(work: () => Promise<void>, onError: (error: unknown) => void): void {
  setImmediate(() => {
    work().catch(onError);
  });
}
