// Bad input derived from docs/openapi.yaml: for each operation's JSON
// request body and query parameters, the variants the document forbids, each
// made from the operation's own example by breaking exactly one thing. The
// server must refuse every variant with a 4xx problem that names the member
// at fault (bad-inputs.mjs sends them), so the document and the server's
// validation cannot drift apart.
//
// Pure: no I/O, so contract.test.mjs can check the derivation on small
// documents.

// The member name no schema declares (for additionalProperties: false).
export const UNKNOWN_MEMBER = 'not_a_documented_member';

// `#/a/b` references, followed.
export function resolveRef(doc, node) {
  let seen = 0;
  while (node && typeof node.$ref === 'string' && seen++ < 20) {
    const parts = node.$ref.replace(/^#\//, '').split('/').map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
    node = parts.reduce((n, p) => (n == null ? n : n[p]), doc);
  }
  return node;
}

const typesOf = (schema) => (schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type]);

// One schema with its references followed and its allOf parts merged
// (properties and required members unite; one closed part closes the whole).
export function flatten(doc, schema) {
  schema = resolveRef(doc, schema) || {};
  if (!schema.allOf) return schema;
  const out = { ...schema };
  delete out.allOf;
  for (const part of schema.allOf.map((p) => flatten(doc, p))) {
    for (const [k, v] of Object.entries(part)) {
      if (k === 'properties') out.properties = { ...(out.properties || {}), ...v };
      else if (k === 'required') out.required = [...new Set([...(out.required || []), ...v])];
      else if (k === 'additionalProperties') out.additionalProperties = out.additionalProperties === false ? false : v;
      else if (!(k in out)) out[k] = v;
    }
  }
  return out;
}

// May the member be null?
export function nullable(doc, schema) {
  const s = flatten(doc, schema);
  if (typesOf(s).includes('null') || s.const === null || (s.enum && s.enum.includes(null))) return true;
  for (const key of ['oneOf', 'anyOf']) if (s[key] && s[key].some((part) => nullable(doc, part))) return true;
  return false;
}

// A value of a type the schema does not allow, or undefined when every JSON
// type would do (no `type`, or a oneOf the derivation does not take apart).
function wrongType(types) {
  if (types.length === 0) return undefined;
  const candidates = [
    ['string', 12345],
    ['integer', 'text'],
    ['number', 'text'],
    ['boolean', 'yes'],
    ['array', 'text'],
    ['object', 'text'],
  ];
  for (const [type, value] of candidates) {
    if (!types.includes(type)) continue;
    const allowedByOthers = types.some((t) => {
      if (typeof value === 'number') return t === 'integer' || t === 'number';
      if (typeof value === 'string') return t === 'string';
      return false;
    });
    if (!allowedByOthers) return value;
  }
  // Every candidate is allowed by one of the types: try a type none allows.
  if (!types.includes('object')) return { a: 1 };
  if (!types.includes('array')) return [1];
  return undefined;
}

const FORMAT_BREAKERS = {
  email: 'not an e-mail address',
  'date-time': 'yesterday at noon',
  uri: 'not a url',
  date: '31/02/2026',
};

// A short text the pattern refuses (undefined when the few tried all match).
function patternBreaker(pattern) {
  if (typeof pattern !== 'string') return undefined;
  const regex = new RegExp(pattern, 'u');
  return ['!', 'x', 'A b'].find((text) => !regex.test(text));
}

// `oneOf: [X, {type: "null"}]` read as X with null allowed, so X's own
// rules are derived from too.
function orNull(doc, s) {
  if (!Array.isArray(s.oneOf) || s.oneOf.length !== 2) return s;
  const parts = s.oneOf.map((p) => flatten(doc, p));
  const isNull = (p) => typesOf(p).length === 1 && typesOf(p)[0] === 'null';
  const other = parts.find((p) => !isNull(p));
  if (!other || !parts.some(isNull)) return s;
  return { ...other, type: [...typesOf(other), 'null'] };
}

// A oneOf whose every part has a type: a value of a type no part takes, null
// when no part takes it, and "" when every part that takes text needs some.
function alternativesVariants(doc, s, parts, path) {
  const out = [];
  const types = [...new Set(parts.flatMap(typesOf))];
  if (!nullable(doc, s)) out.push({ path, kind: 'null', value: null });
  const wrong = wrongType(types);
  if (wrong !== undefined && !parts.some((p) => accepts(p, wrong))) out.push({ path, kind: 'wrong type', value: wrong });
  const text = parts.filter((p) => typesOf(p).includes('string'));
  if (text.length > 0 && text.every((p) => p.minLength >= 1)) out.push({ path, kind: 'shorter than the minimum length', value: '' });
  return out;
}

// Does a schema's type take the value (type only)?
function accepts(schema, value) {
  const types = typesOf(schema);
  const type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'object' ? 'object'
    : typeof value === 'number' ? (Number.isInteger(value) ? 'integer' : 'number') : typeof value;
  return types.includes(type) || (type === 'integer' && types.includes('number'));
}

// The variants of one value at `path` ("a", "a.b", "a[0]"): each is
// { path, kind, value } with `value` the broken member (undefined: remove).
function memberVariants(doc, schema, path, example) {
  const out = [];
  const s = orNull(doc, flatten(doc, schema));
  const alternatives = (s.oneOf || s.anyOf || []).map((p) => flatten(doc, p));
  if (alternatives.length > 0 && alternatives.every((p) => typesOf(p).length > 0))
    return alternativesVariants(doc, s, alternatives, path);
  const types = typesOf(s);
  if (!nullable(doc, s) && !(s.oneOf || s.anyOf)) out.push({ path, kind: 'null', value: null });
  const wrong = wrongType(types);
  if (wrong !== undefined) out.push({ path, kind: 'wrong type', value: wrong });
  if (s.enum && types.includes('string') && !s.enum.includes('not-a-listed-value'))
    out.push({ path, kind: 'outside the enum', value: 'not-a-listed-value' });
  if (types.includes('integer') || types.includes('number')) {
    if (typeof s.minimum === 'number') out.push({ path, kind: 'below the minimum', value: s.minimum - 1 });
    if (typeof s.exclusiveMinimum === 'number') out.push({ path, kind: 'below the minimum', value: s.exclusiveMinimum });
    if (typeof s.maximum === 'number') out.push({ path, kind: 'above the maximum', value: s.maximum + 1 });
    if (typeof s.exclusiveMaximum === 'number') out.push({ path, kind: 'above the maximum', value: s.exclusiveMaximum });
    if (types.includes('integer') && !types.includes('number') && Number.isInteger(s.minimum ?? 1))
      out.push({ path, kind: 'not whole', value: (s.minimum ?? 1) + 0.5 });
  }
  if (types.includes('string')) {
    if (s.minLength >= 1) out.push({ path, kind: 'shorter than the minimum length', value: '' });
    if (typeof s.maxLength === 'number') out.push({ path, kind: 'longer than the maximum length', value: 'x'.repeat(s.maxLength + 1) });
    if (FORMAT_BREAKERS[s.format]) out.push({ path, kind: `not a ${s.format}`, value: FORMAT_BREAKERS[s.format] });
    const breaker = patternBreaker(s.pattern);
    if (breaker !== undefined) out.push({ path, kind: 'not matching the pattern', value: breaker });
  }
  if (types.includes('array')) {
    if (s.minItems >= 1) out.push({ path, kind: 'fewer items than the minimum', value: [] });
    if (typeof s.maxItems === 'number' && Array.isArray(example) && example.length > 0)
      out.push({ path, kind: 'more items than the maximum', value: Array(s.maxItems + 1).fill(example[0]) });
    if (s.items && Array.isArray(example) && example.length > 0) {
      for (const v of memberVariants(doc, s.items, `${path}[0]`, example[0]))
        out.push({ path: v.path, kind: v.kind, value: [v.value, ...example.slice(1)] });
    }
  }
  if (types.includes('object') || s.properties) {
    if (example && typeof example === 'object' && !Array.isArray(example))
      for (const v of objectVariants(doc, s, example, `${path}.`)) out.push({ path: v.path, kind: v.kind, value: v.whole });
  }
  return out;
}

// The variants of an object: each required member missing, each member
// broken, an unknown member where none may be added.
function objectVariants(doc, schema, example, prefix) {
  const s = flatten(doc, schema);
  const out = [];
  const properties = s.properties || {};
  for (const name of s.required || []) {
    if (!(name in example)) continue;
    const value = { ...example };
    delete value[name];
    out.push({ path: prefix + name, kind: 'missing', whole: value });
  }
  for (const [name, member] of Object.entries(properties)) {
    const base = example[name];
    for (const v of memberVariants(doc, member, prefix + name, base)) {
      // A nested variant arrives as the member's new value.
      out.push({ path: v.path, kind: v.kind, whole: { ...example, [name]: v.value } });
    }
  }
  if (s.additionalProperties === false)
    out.push({ path: prefix + UNKNOWN_MEMBER, kind: 'unknown member', whole: { ...example, [UNKNOWN_MEMBER]: 1 } });
  return out;
}

// The variants of a JSON body: [{ path, kind, body }], `path` being the
// member the refusal must name ("name", "schedule.monday[0].start").
export function bodyVariants(doc, schema, example) {
  const prefixless = objectVariants(doc, schema, example, '');
  return prefixless.map((v) => ({ path: v.path, kind: v.kind, body: v.whole }));
}

// The variants of the query parameters: [{ path, kind, query }] where
// `query` is the one parameter's raw text.
export function queryVariants(doc, parameters) {
  const out = [];
  for (const p of parameters) {
    const s = flatten(doc, p.schema || {});
    const types = typesOf(s);
    const add = (kind, text) => out.push({ path: p.name, kind, query: text });
    if (types.includes('integer') || types.includes('number')) {
      add('empty', '');
      add('not a number', 'text');
      if (types.includes('integer')) add('not whole', String((s.minimum ?? 1) + 0.5));
      if (typeof s.minimum === 'number') add('below the minimum', String(s.minimum - 1));
      if (typeof s.maximum === 'number') add('above the maximum', String(s.maximum + 1));
    } else if (types.includes('boolean')) {
      add('not a boolean', 'maybe');
    } else if (types.includes('string')) {
      if (s.enum) add('outside the enum', 'not-a-listed-value');
      if (s.minLength >= 1) add('empty', '');
      if (FORMAT_BREAKERS[s.format]) add(`not a ${s.format}`, FORMAT_BREAKERS[s.format]);
    }
  }
  return out;
}

// Each operation's JSON request body (schema, example) and query
// parameters, in document order.
export function inputsOf(doc) {
  const out = [];
  for (const [path, item] of Object.entries(doc.paths || {})) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch']) {
      const op = item[method];
      if (!op) continue;
      const parameters = [...(item.parameters || []), ...(op.parameters || [])].map((p) => resolveRef(doc, p));
      const requestBody = resolveRef(doc, op.requestBody);
      const json = requestBody?.content?.['application/json'];
      out.push({
        id: op.operationId,
        method: method.toUpperCase(),
        path,
        op,
        access: op['x-escalated-access'],
        pathParameters: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        query: parameters.filter((p) => p.in === 'query'),
        body: json ? { schema: json.schema, example: json.example, required: !!requestBody.required } : null,
      });
    }
  }
  return out;
}
