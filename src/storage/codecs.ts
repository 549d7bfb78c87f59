/**
 * Values as both SQLite and PostgreSQL store them. Times are ISO-8601 UTC text with
 * milliseconds: fixed width, so text order is time order on both databases, and better-sqlite3
 * cannot bind Date objects. Booleans are 0/1 because SQLite has no boolean type.
 */
export function toDbTime(date: Date): string {
  return date.toISOString();
}

export function fromDbTime(value: string): Date {
  return new Date(value);
}

export function toDbBool(value: boolean): number {
  return value ? 1 : 0;
}

export function fromDbBool(value: number): boolean {
  return value !== 0;
}
