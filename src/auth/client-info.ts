/** Where a sign-in came from, kept on its session row for the session list. */
export interface ClientInfo {
  userAgent?: string | null;
  ip?: string | null;
}

export function clientInfoOf(request: { ip?: string; header(name: string): string | undefined }): ClientInfo {
  return { userAgent: request.header('user-agent') ?? null, ip: request.ip ?? null };
}
