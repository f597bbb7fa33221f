/** The security-baseline tables as Kysely sees them (see migration 0009). Times are UTC epoch ms. */

/** A password a user had before their current one; only its scrypt hash. */
export interface PasswordHistoryTable {
  id: string;
  user_id: string;
  password_hash: string;
  /** When it stopped being the user's password. */
  created_at: number;
}

/** The security tables, for `Kysely<DB>`. */
export interface SecurityTables {
  password_history: PasswordHistoryTable;
}
