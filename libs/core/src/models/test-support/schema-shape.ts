/** Schemas without `origin`, so a hand-written expected schema can be compared structurally. */
import type { Schema } from '../../schema/schema';

export function withoutOrigins(schema: Schema): Schema {
  return JSON.parse(JSON.stringify(schema, (key, value) => (key === 'origin' ? undefined : value)));
}
