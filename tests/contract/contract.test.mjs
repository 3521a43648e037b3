// The contract check can fail: exchanges recorded from http_test keep
// docs/openapi.yaml, and each is reported once a copy of the document is made
// wrong in one place (a schema, a status, a media type, a request schema).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from 'yaml';
import { checkAll } from './check-exchanges.mjs';
import { checkExamples } from './contract.mjs';

const document = () => parse(readFileSync(new URL('../../docs/openapi.yaml', import.meta.url), 'utf8'));

// Recorded by tests/support/http_client.cpp during http_test_sqlite.
const recorded = (line) => ({ ...line, source: 'contract.test.mjs' });
const me = recorded({
  prefix: '/support', method: 'GET', path: '/support/auth/me', accept: 'application/json',
  request_content_type: '', request_body: null, status: 200, response_content_type: 'application/json',
  response_length: 203,
  response_body: '{"user":{"id":1,"name":"Cus","email":"cus@example.com","role":"customer","active":true,' +
    '"two_factor_enabled":false,"permissions":["kb.view"],"locale":null,"timezone":null},"real_time":false,' +
    '"locale":"en"}',
});
const createTag = recorded({
  prefix: '/support', method: 'POST', path: '/support/admin/tags', accept: 'application/json',
  request_content_type: 'application/json', request_body: '{"name":"printer","color":"#ff0000"}',
  status: 201, response_content_type: 'application/json', response_length: 43,
  response_body: '{"id":1,"name":"printer","color":"#ff0000"}',
});
const loginRefused = recorded({
  prefix: '/support', method: 'POST', path: '/support/auth/login', accept: 'application/json',
  request_content_type: 'application/json', request_body: '{}', status: 422,
  response_content_type: 'application/problem+json', response_length: 172,
  response_body: '{"type":"about:blank","title":"Unprocessable Content","status":422,' +
    '"detail":"The request has invalid fields.","errors":{"email":["is required"],"password":["is required"]}}',
});
const exchanges = [me, createTag, loginRefused];

test('the recorded exchanges keep the document', () => {
  const { mismatches, report } = checkAll(document(), exchanges);
  assert.deepEqual(mismatches, []);
  assert.match(report, /Operations exercised: 3 of \d+/);
});

test('a response schema made wrong is reported', () => {
  const doc = document();
  doc.components.schemas.Tag.properties.color = { type: 'integer' };
  const { mismatches } = checkAll(doc, exchanges);
  assert.equal(mismatches.length, 1);
  assert.match(mismatches[0], /^POST \/support\/admin\/tags -> 201: response body: body\/color must be integer/);
});

test('a required member the server does not send is reported', () => {
  const doc = document();
  doc.components.schemas.Problem.required.push('instance');
  const { mismatches } = checkAll(doc, exchanges);
  assert.equal(mismatches.length, 1);
  assert.match(mismatches[0], /^POST \/support\/auth\/login -> 422: .*must have required property 'instance'/);
});

test('a status the document does not list is reported', () => {
  const doc = document();
  delete doc.paths['/support/auth/login'].post.responses['422'];
  const { mismatches } = checkAll(doc, exchanges);
  assert.equal(mismatches.length, 1);
  assert.match(mismatches[0], /status 422 is not documented for login/);
});

test('a content type the document does not list is reported', () => {
  const doc = document();
  const ok = doc.paths['/support/auth/me'].get.responses['200'];
  ok.content = { 'text/plain': ok.content['application/json'] };
  const { mismatches } = checkAll(doc, exchanges);
  assert.equal(mismatches.length, 1);
  assert.match(mismatches[0], /Content-Type "application\/json" is not documented for 200/);
});

test('an accepted request body that breaks the request schema is reported', () => {
  const doc = document();
  doc.components.schemas.TagFields.properties.name = { type: 'string', maxLength: 3 };
  const { mismatches } = checkAll(doc, exchanges);
  assert.equal(mismatches.length, 1);
  assert.match(mismatches[0], /request body: body\/name must NOT have more than 3 characters/);
});

test('every example in the document validates against its schema', () => {
  const { problems, checked } = checkExamples(document());
  assert.deepEqual(problems, []);
  assert.ok(checked > 5, `only ${checked} examples found`);
});

test('an example that breaks its schema is reported', () => {
  const doc = document();
  doc.components.schemas.Tag.properties.color.examples = ['#6b7280', 7];
  doc.paths['/support/auth/me'].get.responses['200'].content['application/json'].example = { user: 1 };
  doc.paths['/support/auth/me'].get.responses['200'].content['application/json'].examples = {
    good: { value: JSON.parse(me.response_body) },
    bad: { value: { real_time: 'no' } },
  };
  const { problems } = checkExamples(doc);
  assert.equal(problems.length, 3, problems.join('\n'));
  assert.match(problems[0], /^#\/paths\/~1support~1auth~1me\/get\/responses\/200\/content\/application~1json\/example: /);
  assert.match(problems[1], /examples\/bad\/value: /);
  assert.match(problems[2], /^#\/components\/schemas\/Tag\/properties\/color\/examples\/1: example must be string/);
});

test('a member the document does not list is reported where the answer is fixed', () => {
  const doc = document();
  delete doc.components.schemas.Tag.properties.color;
  doc.components.schemas.Tag.required = doc.components.schemas.Tag.required.filter((m) => m !== 'color');
  const { mismatches } = checkAll(doc, exchanges);
  assert.equal(mismatches.length, 1);
  assert.match(mismatches[0], /^POST \/support\/admin\/tags -> 201: response body: body must NOT have additional properties/);
});
