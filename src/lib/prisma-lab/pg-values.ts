/**
 * PostgreSQL text values → the typed values the schema engine reads from a driver adapter.
 * The engine decides how to read a column from its ColumnType, so the mapping must be exact for
 * the types its introspection queries return (among them `"char"`, which PostgreSQL 18 uses for
 * NOT NULL constraint rows: read as Text, the engine panics).
 */
import { ColumnTypeEnum, type ColumnType } from '@prisma/driver-adapter-utils';

type Value = number | string | boolean | null | Uint8Array | Value[];

interface OidType {
  column: ColumnType;
  read: (text: string) => Value;
}

const text = (value: string) => value;
const integer = (value: string) => Number.parseInt(value, 10);
const float = (value: string) => Number(value);
const boolean = (value: string) => value === 't';
// Driver adapters hand timestamps over as ISO 8601 with an explicit offset.
const timestamp = (value: string) => `${value.replace(' ', 'T')}+00:00`;
const timestamptz = (value: string) => value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
const timetz = (value: string) => value.replace(/[+-]\d\d(:\d\d)?$/, '');
const money = (value: string) => value.replace(/[^\d.-]/g, '');

function bytes(value: string): Uint8Array {
  const hex = value.startsWith('\\x') ? value.slice(2) : value;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

const T = ColumnTypeEnum;
const SCALARS: Record<number, OidType> = {
  16: { column: T.Boolean, read: boolean },
  17: { column: T.Bytes, read: bytes },
  18: { column: T.Character, read: text },
  20: { column: T.Int64, read: text },
  21: { column: T.Int32, read: integer },
  23: { column: T.Int32, read: integer },
  26: { column: T.Int64, read: text },
  114: { column: T.Json, read: text },
  700: { column: T.Float, read: float },
  701: { column: T.Double, read: float },
  790: { column: T.Numeric, read: money },
  1082: { column: T.Date, read: text },
  1083: { column: T.Time, read: text },
  1114: { column: T.DateTime, read: timestamp },
  1184: { column: T.DateTime, read: timestamptz },
  1266: { column: T.Time, read: timetz },
  1700: { column: T.Numeric, read: text },
  2950: { column: T.Uuid, read: text },
  3802: { column: T.Json, read: text },
};

/** Array oid → [array column type, element oid]. Arrays of anything else are read as text arrays. */
const ARRAYS: Record<number, [ColumnType, number]> = {
  1000: [T.BooleanArray, 16],
  1001: [T.BytesArray, 17],
  1002: [T.CharacterArray, 18],
  1005: [T.Int32Array, 21],
  1007: [T.Int32Array, 23],
  1016: [T.Int64Array, 20],
  1028: [T.Int64Array, 26],
  1021: [T.FloatArray, 700],
  1022: [T.DoubleArray, 701],
  1231: [T.NumericArray, 1700],
  1182: [T.DateArray, 1082],
  1183: [T.TimeArray, 1083],
  1115: [T.DateTimeArray, 1114],
  1185: [T.DateTimeArray, 1184],
  199: [T.JsonArray, 114],
  3807: [T.JsonArray, 3802],
  2951: [T.UuidArray, 2950],
};
const TEXT_ARRAYS = new Set([1003, 1009, 1014, 1015, 1041, 1561, 1563, 651, 143]);

export function columnType(oid: number): ColumnType {
  return SCALARS[oid]?.column ?? ARRAYS[oid]?.[0] ?? (TEXT_ARRAYS.has(oid) ? T.TextArray : T.Text);
}

export function readValue(oid: number, value: string | null): Value {
  if (value === null) return null;
  const array = ARRAYS[oid];
  if (array) return parseArray(value, SCALARS[array[1]]?.read ?? text);
  if (TEXT_ARRAYS.has(oid)) return parseArray(value, text);
  return (SCALARS[oid]?.read ?? text)(value);
}

/** PostgreSQL's array text format: `{a,"b c",NULL,{1,2}}`. */
export function parseArray(literal: string, read: (text: string) => Value): Value[] {
  let i = literal.startsWith('[') ? literal.indexOf('=') + 1 : 0; // skip explicit bounds `[0:1]=`
  const parseLevel = (): Value[] => {
    const items: Value[] = [];
    i++; // '{'
    while (i < literal.length) {
      const c = literal[i];
      if (c === '}') {
        i++;
        return items;
      }
      if (c === ',') {
        i++;
        continue;
      }
      if (c === '{') {
        items.push(parseLevel());
        continue;
      }
      if (c === '"') {
        let out = '';
        i++;
        while (i < literal.length && literal[i] !== '"') {
          if (literal[i] === '\\') i++;
          out += literal[i++];
        }
        i++;
        items.push(read(out));
        continue;
      }
      let end = i;
      while (end < literal.length && literal[end] !== ',' && literal[end] !== '}') end++;
      const word = literal.slice(i, end);
      items.push(word === 'NULL' ? null : read(word));
      i = end;
    }
    return items;
  };
  return parseLevel();
}
