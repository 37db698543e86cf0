import Dexie, { type Table } from 'dexie';

/**
 * Where the API key lives: an IndexedDB database of the extension's own origin, which only the
 * extension's pages and its worker can open. Not `storage.local`: on Firefox, content scripts can
 * read all of `storage.local` (Chrome's `setAccessLevel` has no Firefox equivalent), and a
 * content script runs next to arbitrary page code. Kept apart from the corpus database (its own
 * schema, no migration shared with it).
 */
export const SECRETS_DB_NAME = 'antigravity-secrets';

interface SecretRow {
  name: string;
  value: string;
}

class SecretsDB extends Dexie {
  secrets!: Table<SecretRow, string>;
  constructor() {
    super(SECRETS_DB_NAME);
    this.version(1).stores({ secrets: 'name' });
  }
}

let db: SecretsDB | undefined;
const open = () => (db ??= new SecretsDB());

export async function readApiKey(): Promise<string> {
  return (await open().secrets.get('apiKey'))?.value ?? '';
}

export async function writeApiKey(value: string): Promise<void> {
  if (value) await open().secrets.put({ name: 'apiKey', value });
  else await open().secrets.delete('apiKey');
}

/** Tests: forget every secret. */
export async function clearSecretsForTests(): Promise<void> {
  if (db) await db.secrets.clear();
}
