/**
 * Identifiers as PostgreSQL prints them (`quote_identifier`) and reads them in SQL the renderer
 * writes. The key words are PGlite 0.5.16's (PostgreSQL 18.6) `pg_get_keywords()` that are not
 * unreserved: those are the ones `quote_identifier` quotes.
 */
const QUOTED_KEYWORDS = new Set(
  `all analyse analyze and any array as asc asymmetric authorization between bigint binary bit boolean both case cast char
  character check coalesce collate collation column concurrently constraint create cross current_catalog current_date
  current_role current_schema current_time current_timestamp current_user dec decimal default deferrable desc distinct do
  else end except exists extract false fetch float for foreign freeze from full grant greatest group grouping having ilike in
  initially inner inout int integer intersect interval into is isnull join json json_array json_arrayagg json_exists
  json_object json_objectagg json_query json_scalar json_serialize json_table json_value lateral leading least left like
  limit localtime localtimestamp merge_action national natural nchar none normalize not notnull null nullif numeric offset
  on only or order out outer overlaps overlay placing position precision primary real references returning right row select
  session_user setof similar smallint some substring symmetric system_user table tablesample then time timestamp to trailing
  treat trim true union unique user using values varchar variadic verbose when where window with xmlattributes xmlconcat
  xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable`.split(/\s+/),
);

/** Whether PostgreSQL prints the name without quotes. */
export const isBareIdentifier = (name: string) => /^[a-z_][a-z0-9_]*$/.test(name) && !QUOTED_KEYWORDS.has(name);

export const quoteIdentifier = (name: string) => (isBareIdentifier(name) ? name : `"${name.replace(/"/g, '""')}"`);

export const PG_MAX_IDENTIFIER_BYTES = 63;

/** A name longer than 63 bytes is silently truncated by PostgreSQL; the replay does not follow that. */
export function fitsIdentifier(name: string): boolean {
  return name.length > 0 && Buffer.byteLength(name, 'utf8') <= PG_MAX_IDENTIFIER_BYTES && !name.includes('\0');
}
