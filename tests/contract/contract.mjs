// docs/openapi.yaml as a contract for recorded HTTP exchanges: finds each
// exchange's operation, checks its status, content type and body against the
// document (and the request body of a successful call against the request
// schema), and counts what was seen for the coverage report.
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'];
const DOC_ID = 'openapi.json';

// "--name value" pairs over `defaults` (each name must be one of them);
// `required` names the ones that must be given, with how to say them.
export function commandOptions(argv, defaults, required = {}) {
  const o = { ...defaults };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, '');
    if (!(name in o) || argv[i + 1] === undefined) throw new Error(`unknown or incomplete option ${argv[i]}`);
    o[name] = argv[i + 1];
  }
  for (const [name, usage] of Object.entries(required)) if (!o[name]) throw new Error(`${usage} is required`);
  return o;
}

// The route prefix the document's paths are written under.
export const PREFIX = '/support';

const pointer = (...parts) =>
  '#' + parts.map((p) => '/' + String(p).replaceAll('~', '~0').replaceAll('/', '~1')).join('');

const mediaType = (contentType) => (contentType || '').split(';')[0].trim().toLowerCase();

const isJsonType = (type) => type === 'application/json' || type.endsWith('+json');

// Does `Accept` prefer an HTML page over JSON (the server then answers with
// the web UI's index.html, whatever the path)?
function prefersHtml(accept) {
  if (!accept) return false;
  const quality = (type) => {
    let best = -1;
    for (const part of accept.split(',')) {
      const [range, ...params] = part.trim().toLowerCase().split(';');
      if (range !== type && range !== type.split('/')[0] + '/*' && range !== '*/*') continue;
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const value = q ? Number(q.slice(2)) : 1;
      // The most specific range decides; a closer match outranks */*.
      const rank = range === type ? 2 : range === '*/*' ? 0 : 1;
      if (rank * 10 + value > best) best = rank * 10 + value;
    }
    return best < 0 ? 0 : best % 10;
  };
  return quality('text/html') > quality('application/json');
}

function mediaMatches(documented, actual) {
  if (documented === actual || documented === '*/*') return true;
  const [type, sub] = documented.split('/');
  return sub === '*' && actual.startsWith(type + '/');
}

export class Contract {
  constructor(doc) {
    this.doc = doc;
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    for (const f of ['binary', 'byte', 'int32', 'int64', 'password']) this.ajv.addFormat(f, true);
    this.ajv.addSchema(doc, DOC_ID);
    this.validators = new Map();
    // Responses any operation may give (rate limits, transport limits).
    this.anyOperation = new Map();
    for (const [name, r] of Object.entries(doc.components?.responses || {}))
      if (r['x-escalated-any-operation'] !== undefined)
        this.anyOperation.set(String(r['x-escalated-any-operation']), ['components', 'responses', name]);
    this.operations = [];
    for (const [path, item] of Object.entries(doc.paths || {})) {
      const names = [];
      const source = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_, name) => {
        names.push(name);
        return '([^/]+)';
      });
      const regex = new RegExp('^' + source + '$');
      for (const method of METHODS) {
        if (!item[method]) continue;
        const op = item[method];
        this.operations.push({
          method: method.toUpperCase(),
          path,
          regex,
          params: names.length,
          id: op.operationId || `${method.toUpperCase()} ${path}`,
          op,
          seen: new Map(), // status -> validated exchanges
        });
      }
    }
    // Literal segments win over parameters (/agent/tickets/dashboard before
    // /agent/tickets/{id}).
    this.operations.sort((a, b) => a.params - b.params);
  }

  // The validator of the schema at a pointer into the document.
  validator(ref) {
    if (!this.validators.has(ref)) this.validators.set(ref, this.ajv.compile({ $ref: DOC_ID + ref }));
    return this.validators.get(ref);
  }

  // `#/components/responses/X` references, followed.
  resolve(node) {
    let seen = 0;
    while (node && typeof node.$ref === 'string' && seen++ < 20) {
      const parts = node.$ref.replace(/^#\//, '').split('/').map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
      node = parts.reduce((n, p) => (n == null ? n : n[p]), this.doc);
    }
    return node;
  }

  // Checks one exchange; returns a list of problems (empty when it keeps the
  // contract) and what it was counted as.
  check(ex) {
    const problems = [];
    const rawPath = ex.path.split('?')[0];
    const method = ex.method.toUpperCase();
    const lookupMethod = method === 'HEAD' ? 'GET' : method;
    const responseType = mediaType(ex.response_content_type);
    // The server's prefix as the test client recorded it; the document's
    // paths are written under PREFIX.
    const prefix = (ex.prefix ?? PREFIX).replace(/\/$/, '');
    const inside = prefix === '' || rawPath === prefix || rawPath.startsWith(prefix + '/');
    const docPath = inside ? PREFIX + rawPath.slice(prefix.length) : null;
    const candidates = inside ? this.operations.filter((o) => o.regex.test(docPath)) : [];

    // The web UI (info.description, "Browsers"): index.html for a GET that
    // prefers HTML, whatever the path, and its build files under /assets/.
    const read = method === 'GET' || method === 'HEAD';
    // So does a GET that does not ask for JSON at the bare prefix or at a
    // path no operation answers; GET / outside the prefix redirects there.
    const asksJson = !!ex.accept && ex.accept.toLowerCase().includes('json');
    const bare = docPath === PREFIX || docPath === PREFIX + '/';
    if (read && responseType === 'text/html' && ex.status === 200 &&
        (prefersHtml(ex.accept) || (!asksJson && (bare || !candidates.length))))
      return { kind: 'page', problems };
    if (read && !inside && (rawPath === '/' || rawPath === '') && ex.status === 302) return { kind: 'page', problems };
    if (read && docPath?.startsWith(PREFIX + '/assets/') && !candidates.length) return { kind: 'page', problems };

    const operation = candidates.find((o) => o.method === lookupMethod);
    let response;
    let responsePointer;
    let kind;
    let documentedStatus;
    const anyOperation = this.anyOperation.get(String(ex.status));
    if (anyOperation) {
      kind = 'any-operation';
      responsePointer = anyOperation;
      response = this.resolve({ $ref: pointer(...anyOperation) });
    } else if (operation) {
      kind = 'operation';
      const responses = operation.op.responses || {};
      const key = [String(ex.status), `${Math.floor(ex.status / 100)}XX`, 'default'].find((k) => k in responses);
      if (key === undefined) {
        problems.push(`status ${ex.status} is not documented for ${operation.id} (documented: ${Object.keys(responses).join(', ')})`);
        return { kind, operation, problems };
      }
      documentedStatus = key;
      response = responses[key];
      responsePointer = ['paths', operation.path, operation.method.toLowerCase(), 'responses', key];
    } else if (candidates.length > 0 && method === 'OPTIONS' && /\/widget\//.test(candidates[0].path)) {
      // A CORS preflight, answered by the widget_cors middleware before any
      // route (204 for Widget.AllowedOrigins, 403 otherwise; docs/configuration.md).
      kind = 'cors-preflight';
      if (ex.status !== 204 && ex.status !== 403) problems.push(`a CORS preflight must be 204 or 403, not ${ex.status}`);
      return { kind, problems };
    } else if (candidates.length > 0) {
      kind = 'method-not-allowed';
      if (ex.status !== 405) {
        problems.push(`${method} is not documented on ${candidates[0].path}, so the answer must be 405, not ${ex.status}`);
        return { kind, problems };
      }
      response = this.doc.components?.responses?.MethodNotAllowed;
      responsePointer = ['components', 'responses', 'MethodNotAllowed'];
    } else {
      kind = inside ? 'no-route' : 'outside-prefix';
      if (ex.status !== 404) {
        problems.push(inside
          ? `no documented path matches ${rawPath}, so the answer must be 404, not ${ex.status}`
          : `${rawPath} is outside the route prefix ${prefix}, so the answer must be 404, not ${ex.status}`);
        return { kind, problems };
      }
      response = this.doc.components?.responses?.NotFound;
      responsePointer = ['components', 'responses', 'NotFound'];
    }

    // components/responses references
    while (response && response.$ref) {
      responsePointer = response.$ref.replace(/^#\//, '').split('/').map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
      response = this.resolve({ $ref: response.$ref });
    }
    this.checkResponse(ex, method, response, responsePointer, responseType, problems);
    if (kind === 'operation' && ex.status >= 200 && ex.status < 300) this.checkRequest(ex, operation, problems);
    if (kind === 'operation' && problems.length === 0) {
      operation.seen.set(documentedStatus, (operation.seen.get(documentedStatus) || 0) + 1);
    }
    return { kind, operation, problems };
  }

  checkResponse(ex, method, response, responsePointer, responseType, problems) {
    const content = response?.content;
    const hasBody = (ex.response_length ?? (ex.response_body ? ex.response_body.length : 0)) > 0;
    if (!content || Object.keys(content).length === 0) {
      if (hasBody && method !== 'HEAD')
        problems.push(`a ${ex.status} answer has no documented body, but came with ${ex.response_length} bytes of ${responseType || 'no type'}`);
      return;
    }
    if (method === 'HEAD') return;
    const documented = Object.keys(content).find((t) => mediaMatches(t.toLowerCase(), responseType));
    if (documented === undefined) {
      problems.push(`Content-Type "${ex.response_content_type}" is not documented for ${ex.status} (documented: ${Object.keys(content).join(', ')})`);
      return;
    }
    if (!isJsonType(responseType) || !content[documented].schema) return;
    let body;
    try {
      body = JSON.parse(ex.response_body ?? '');
    } catch (e) {
      problems.push(`the ${responseType} body is not JSON: ${e.message}`);
      return;
    }
    const validate = this.validator(pointer(...responsePointer, 'content', documented, 'schema'));
    if (!validate(body)) problems.push(`response body: ${this.ajv.errorsText(validate.errors, { dataVar: 'body' })}`);
  }

  checkRequest(ex, operation, problems) {
    const type = mediaType(ex.request_content_type);
    if (!type) return; // nothing sent
    let requestBody = this.resolve(operation.op.requestBody);
    if (!requestBody) {
      // An empty body reads as {}, so {} is no body at all.
      if (ex.request_body && ex.request_body.trim() !== '{}') problems.push(`a request body was sent and accepted, but ${operation.id} documents none`);
      return;
    }
    const content = requestBody.content || {};
    const documented = Object.keys(content).find((t) => mediaMatches(t.toLowerCase(), type));
    if (documented === undefined) {
      problems.push(`request Content-Type "${ex.request_content_type}" was accepted but is not documented (documented: ${Object.keys(content).join(', ')})`);
      return;
    }
    if (!isJsonType(type) || !content[documented].schema || ex.request_body == null || ex.request_body === '') return;
    let body;
    try {
      body = JSON.parse(ex.request_body);
    } catch (e) {
      problems.push(`the request body is not JSON but was accepted: ${e.message}`);
      return;
    }
    const ref = operation.op.requestBody.$ref
      ? operation.op.requestBody.$ref + pointer('content', documented, 'schema').slice(1)
      : pointer('paths', operation.path, operation.method.toLowerCase(), 'requestBody', 'content', documented, 'schema');
    const validate = this.validator(ref);
    if (!validate(body)) problems.push(`request body: ${this.ajv.errorsText(validate.errors, { dataVar: 'body' })}`);
  }

  // The coverage report, as text.
  coverage(counts) {
    const lines = [];
    let statuses = 0;
    let statusesSeen = 0;
    let exercised = 0;
    let successAndError = 0;
    const never = [];
    lines.push('Contract coverage: docs/openapi.yaml against the recorded HTTP exchanges');
    lines.push('(per operation: each documented status, [x] when an answer with it was validated)');
    lines.push('');
    const byPath = [...this.operations].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
    for (const o of byPath) {
      const documented = Object.keys(o.op.responses || {});
      const marks = documented.map((s) => {
        statuses++;
        const n = o.seen.get(s) || 0;
        if (n > 0) statusesSeen++;
        return `${n > 0 ? '[x]' : '[ ]'} ${s}`;
      });
      const any = o.seen.size > 0;
      if (any) exercised++;
      else never.push(o);
      const success = [...o.seen.keys()].some((s) => s < '400');
      const error = [...o.seen.keys()].some((s) => s >= '400');
      if (success && error) successAndError++;
      lines.push(`${o.method.padEnd(6)} ${o.path}  (${o.id})`);
      lines.push(`       ${marks.join('  ')}`);
    }
    lines.push('');
    lines.push(`Exchanges: ${counts.total} recorded, ${counts.operation} on documented operations, ` +
      `${counts['method-not-allowed'] || 0} answered 405, ${counts['no-route'] || 0} on no route (404), ` +
      `${counts['any-operation'] || 0} answered a status any operation may give (429, 431), ` +
      `${counts['outside-prefix'] || 0} outside the route prefix (404), ${counts.page || 0} web UI pages and files (not checked).`);
    lines.push(`Operations exercised: ${exercised} of ${this.operations.length}; ` +
      `with a success and an error status: ${successAndError} of ${this.operations.length}.`);
    lines.push(`Statuses validated: ${statusesSeen} of ${statuses} documented.`);
    lines.push(`Operations never exercised (${never.length}): ${never.length ? never.map((o) => o.id).join(', ') : 'none'}.`);
    return lines.join('\n') + '\n';
  }
}

// Every example in the document, checked against the schema beside it: a
// media type's, parameter's or header's `example` and `examples` (Example
// objects, `$ref`s followed) against its `schema`, and a schema's own
// `example` and `examples` (a list) against that schema, wherever schemas
// nest. Returns a list of problems, one per example that does not validate.
const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'dependentSchemas'];
const SCHEMA_ONE = ['items', 'additionalProperties', 'propertyNames', 'not', 'contains', 'if', 'then', 'else',
  'unevaluatedItems', 'unevaluatedProperties', 'contentSchema'];
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

export function checkExamples(doc) {
  const contract = new Contract(doc);
  const problems = [];
  let checked = 0;
  const check = (schemaPath, value, where) => {
    checked++;
    const validate = contract.validator(pointer(...schemaPath));
    if (!validate(value))
      problems.push(`${pointer(...where)}: ${contract.ajv.errorsText(validate.errors, { dataVar: 'example' })}`);
  };
  const walkSchema = (schema, path) => {
    if (!isObject(schema)) return;
    if (schema.example !== undefined) check(path, schema.example, [...path, 'example']);
    if (Array.isArray(schema.examples)) schema.examples.forEach((e, i) => check(path, e, [...path, 'examples', i]));
    for (const k of SCHEMA_MAPS)
      if (isObject(schema[k])) for (const [name, s] of Object.entries(schema[k])) walkSchema(s, [...path, k, name]);
    for (const k of SCHEMA_ONE) walkSchema(schema[k], [...path, k]);
    for (const k of SCHEMA_LISTS)
      if (Array.isArray(schema[k])) schema[k].forEach((s, i) => walkSchema(s, [...path, k, i]));
  };
  // Anything outside schemas: an object with a `schema` is a media type, a
  // parameter or a header.
  const walk = (node, path) => {
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, [...path, i]));
    if (!isObject(node)) return;
    if (isObject(node.schema)) {
      const schemaPath = [...path, 'schema'];
      if (node.example !== undefined) check(schemaPath, node.example, [...path, 'example']);
      if (isObject(node.examples))
        for (const [name, e] of Object.entries(node.examples)) {
          const example = contract.resolve(e);
          if (example && 'value' in example) check(schemaPath, example.value, [...path, 'examples', name, 'value']);
        }
      walkSchema(node.schema, schemaPath);
    }
    for (const [k, v] of Object.entries(node)) {
      if (k === 'schema' || k === 'example' || k === 'examples' || k.startsWith('x-')) continue;
      if (path.length === 1 && path[0] === 'components' && k === 'schemas') {
        for (const [name, s] of Object.entries(v || {})) walkSchema(s, ['components', 'schemas', name]);
        continue;
      }
      walk(v, [...path, k]);
    }
  };
  walk(doc, []);
  return { problems, checked };
}
