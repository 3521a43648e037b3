// The derivation of bad input (derive.mjs) on small documents: each rule of
// a schema yields the variant that breaks it, and nothing else.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from 'yaml';
import { bodyVariants, inputsOf, queryVariants, UNKNOWN_MEMBER } from './derive.mjs';

const doc = {
  components: {
    schemas: {
      Priority: { type: 'string', enum: ['low', 'high'] },
      Fields: {
        type: 'object',
        additionalProperties: false,
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 5 },
          priority: { $ref: '#/components/schemas/Priority' },
          owner: { type: ['integer', 'null'], minimum: 1 },
          tags: { type: 'array', maxItems: 2, items: { type: 'string' } },
          when: { type: 'object', required: ['start'], properties: { start: { type: 'string', pattern: '^[0-9]{2}:[0-9]{2}$' } } },
        },
      },
    },
  },
};
const schema = { allOf: [{ $ref: '#/components/schemas/Fields' }, { required: ['name'] }] };
const example = { name: 'Ann', priority: 'low', owner: 3, tags: ['a'], when: { start: '09:00' } };

const summary = (variants) => variants.map((v) => `${v.kind} ${v.path}`).sort();

test('each rule of a body schema yields the variant that breaks it', () => {
  const variants = bodyVariants(doc, schema, example);
  assert.deepEqual(summary(variants), [
    'below the minimum owner',
    'longer than the maximum length name',
    'missing name',
    'missing when.start',
    'more items than the maximum tags',
    'not matching the pattern when.start',
    'not whole owner',
    'null name',
    'null priority',
    'null tags',
    'null tags[0]',
    'null when',
    'null when.start',
    'outside the enum priority',
    'shorter than the minimum length name',
    `unknown member ${UNKNOWN_MEMBER}`,
    'wrong type name',
    'wrong type owner',
    'wrong type priority',
    'wrong type tags',
    'wrong type tags[0]',
    'wrong type when',
    'wrong type when.start',
  ].sort());
  // Each variant breaks one thing and keeps the rest of the example.
  const missing = variants.find((v) => v.kind === 'missing' && v.path === 'name');
  assert.deepEqual(missing.body, { priority: 'low', owner: 3, tags: ['a'], when: { start: '09:00' } });
  const nested = variants.find((v) => v.kind === 'missing' && v.path === 'when.start');
  assert.deepEqual(nested.body, { ...example, when: {} });
  const nullable = variants.filter((v) => v.path === 'owner').map((v) => v.kind);
  assert.ok(!nullable.includes('null'), 'owner may be null');
});

test('query parameters get empty, fractional, out-of-range and unlisted values', () => {
  const parameters = [
    { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100 } },
    { name: 'sort', in: 'query', schema: { type: 'string', enum: ['a', '-a'] } },
    { name: 'open', in: 'query', schema: { type: 'boolean' } },
  ];
  assert.deepEqual(queryVariants(doc, parameters).map((v) => `${v.path}=${v.query}`), [
    'limit=', 'limit=text', 'limit=1.5', 'limit=0', 'limit=101', 'sort=not-a-listed-value', 'open=maybe',
  ]);
});

test('every JSON request body of the real document has an example', () => {
  const real = parse(readFileSync(new URL('../../docs/openapi.yaml', import.meta.url), 'utf8'));
  const without = inputsOf(real).filter((i) => i.body && i.body.example === undefined).map((i) => i.id);
  assert.deepEqual(without, []);
});
