/**
 * Who the explorer asks as. With the development keys the server lists the showcase askers and
 * mints a short-lived token for the chosen one (its /explorer/askers and /explorer/token routes);
 * otherwise the developer pastes a token. Tokens are kept only in this tab.
 */
export interface Asker {
  id: string;
  label: string;
}

const ASKER_KEY = 'credithub.explorer.asker';
const TOKEN_KEY = 'credithub.explorer.token';
/** the server's development tokens live 15 minutes; a fresh one is asked for well before */
const TOKEN_REUSE_MS = 10 * 60 * 1000;

export const savedAsker = () => localStorage.getItem(ASKER_KEY);
export const saveAsker = (id: string) => localStorage.setItem(ASKER_KEY, id);
export const savedToken = () => sessionStorage.getItem(TOKEN_KEY) ?? '';
export const saveToken = (token: string) => (token ? sessionStorage.setItem(TOKEN_KEY, token) : sessionStorage.removeItem(TOKEN_KEY));

export async function loadAskers(): Promise<Asker[]> {
  const res = await fetch('/explorer/askers');
  if (!res.ok) throw new Error(`the askers could not be listed (HTTP ${res.status})`);
  return (await res.json()) as Asker[];
}

export class DevTokens {
  private readonly minted = new Map<string, { token: Promise<string>; at: number }>();

  tokenFor(asker: string): Promise<string> {
    const known = this.minted.get(asker);
    if (known && Date.now() - known.at < TOKEN_REUSE_MS) return known.token;
    const token = fetch(`/explorer/token?asker=${encodeURIComponent(asker)}`).then(async (res) => {
      const body = (await res.json()) as { token?: string; error?: string };
      if (!res.ok || !body.token) throw new Error(body.error ?? `no token for ${asker} (HTTP ${res.status})`);
      return body.token;
    });
    this.minted.set(asker, { token, at: Date.now() });
    token.catch(() => this.minted.delete(asker));
    return token;
  }

  forget(asker: string): void {
    this.minted.delete(asker);
  }
}
