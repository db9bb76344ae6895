/**
 * Pulumi property values as they travel in a provider's gRPC requests (google.protobuf.Struct),
 * and the secret handling the Pulumi engine applies around providers that do not accept secrets
 * (the Node.js dynamic provider answers Configure with acceptSecrets = false).
 * Pure functions: no I/O.
 */

/** A JSON-like value as carried in a google.protobuf.Struct. */
export type PropertyValue = null | boolean | number | string | PropertyValue[] | PropertyMap;

/** A property bag: resource inputs, outputs or provider config. */
export interface PropertyMap {
  [key: string]: PropertyValue;
}

/** Key that marks a Struct object as a special Pulumi value (secret, asset, resource reference...). */
export const SIG_KEY = '4dabf18193072939515e22adb298388d';
/** Value of {@link SIG_KEY} for a secret: `{ [SIG_KEY]: SECRET_SIG, value: <plain> }`. */
export const SECRET_SIG = '1b47061264138c4ac30d75fd1eb44270';
/** String the engine sends for a value not known yet (during a preview). */
export const UNKNOWN_VALUE = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';
/** Property holding the serialized dynamic provider (its closure's module text). */
export const PROVIDER_KEY = '__provider';

/** Wraps a value in Pulumi's wire encoding of a secret. */
export function secret(value: PropertyValue): PropertyMap {
  return { [SIG_KEY]: SECRET_SIG, value };
}

function isPlainObject(v: unknown): v is PropertyMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True if the value is a secret in wire encoding. */
export function isSecret(v: unknown): v is PropertyMap {
  return isPlainObject(v) && v[SIG_KEY] === SECRET_SIG;
}

/** The plain value inside a secret; other values are returned as they are. */
export function unwrapSecret(v: PropertyValue): PropertyValue {
  return isSecret(v) ? (v.value ?? null) : v;
}

/** True if the value is, or holds anywhere inside it, a secret. */
export function containsSecrets(v: PropertyValue | undefined): boolean {
  if (isSecret(v)) return true;
  if (Array.isArray(v)) return v.some(containsSecrets);
  if (isPlainObject(v)) return Object.values(v).some(containsSecrets);
  return false;
}

/** Replaces every secret by its plain value, deeply (what the engine sends to a provider without secret support). */
export function removeSecrets<T extends PropertyValue>(v: T): T;
export function removeSecrets(v: PropertyValue): PropertyValue {
  if (isSecret(v)) return removeSecrets(v.value ?? null);
  if (Array.isArray(v)) return v.map((e) => removeSecrets(e));
  if (isPlainObject(v)) {
    const out: PropertyMap = {};
    for (const [k, e] of Object.entries(v)) out[k] = removeSecrets(e);
    return out;
  }
  return v;
}

/**
 * Copies secretness from the inputs to the outputs the way the engine does for a provider without
 * secret support: for every key present in both, objects are walked into, and any other output value
 * whose input held a secret becomes a secret. Returns a new map.
 */
export function annotateSecrets(outs: PropertyMap, ins: PropertyMap | undefined): PropertyMap {
  const result: PropertyMap = { ...outs };
  if (!ins) return result;
  for (const [key, inValue] of Object.entries(ins)) {
    if (!(key in result)) continue;
    const outValue = result[key];
    if (isPlainObject(outValue) && !isSecret(outValue) && isPlainObject(inValue) && !isSecret(inValue)) {
      result[key] = annotateSecrets(outValue, inValue);
    } else if (!isSecret(outValue) && containsSecrets(inValue)) {
      result[key] = secret(outValue);
    }
  }
  return result;
}

/**
 * Drops `undefined` members (a Struct cannot carry them; the SDK omits them too) and rejects values a
 * Struct cannot hold, naming the property path.
 */
export function toStructValue(v: unknown, at = '<root>'): PropertyValue {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`property ${at} is ${v}: a Struct holds only finite numbers`);
    return v;
  }
  if (Array.isArray(v)) return v.map((e, i) => toStructValue(e === undefined ? null : e, `${at}[${i}]`));
  if (isPlainObject(v)) {
    const out: PropertyMap = {};
    for (const [k, e] of Object.entries(v)) {
      if (e !== undefined) out[k] = toStructValue(e, at === '<root>' ? k : `${at}.${k}`);
    }
    return out;
  }
  throw new Error(`property ${at} has type ${typeof v}: a Struct holds only JSON values`);
}

/** The map without the serialized provider, for assertions and display. */
export function withoutProvider(map: PropertyMap): PropertyMap {
  const { [PROVIDER_KEY]: _provider, ...rest } = map;
  return rest;
}
