import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { presentApiDocs } from './api-docs.present.ts';

const document = {
  openapi: '3.1.0',
  info: { title: 'Nonsuch API', version: '1.2.3', description: 'Read the London areas.' },
  security: [{ bearerAuth: [] }],
  components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
  paths: {
    '/api/v1/boroughs': {
      get: {
        summary: 'List the boroughs',
        description: 'Every London area, by name.',
        responses: {
          '200': { description: 'The areas', content: { 'application/json': { schema: {} } } },
          '401': { description: 'No token', content: { 'application/problem+json': {} } },
        },
      },
    },
    '/api/v1/boroughs/{gssCode}': {
      parameters: [{ name: 'ignored', in: 'query' }],
      get: {
        summary: 'One borough',
        parameters: [
          { name: 'gssCode', in: 'path', required: true, description: 'ONS code' },
          { name: 'fields', in: 'query', schema: { type: 'string', description: 'Which fields' } },
        ],
        responses: { '200': { description: 'The area' }, '404': { description: 'No such area' } },
      },
      delete: { summary: 'Remove', security: [{ bearerAuth: [] }], responses: {} },
    },
    '/api/v1/openapi.json': {
      get: { security: [], responses: { '200': { description: 'This document' } } },
      trace: { summary: 'Not a method we show' },
    },
  },
};

describe('presentApiDocs', () => {
  const docs = presentApiDocs(document);
  const op = (id: string) => {
    const found = docs.operations.find((o) => o.id === id);
    if (!found) throw new Error(`no operation ${id} in ${docs.operations.map((o) => o.id).join(', ')}`);
    return found;
  };

  it('takes the title, version and description, and links the raw document', () => {
    expect(docs).toMatchObject({
      title: 'Nonsuch API',
      version: '1.2.3',
      description: 'Read the London areas.',
      openApiUrl: '/api/v1/openapi.json',
    });
  });

  it('lists each operation once, in document order, with an id fit for an anchor', () => {
    expect(docs.operations.map((o) => [o.method, o.path, o.id])).toEqual([
      ['GET', '/api/v1/boroughs', 'get-api-v1-boroughs'],
      ['GET', '/api/v1/boroughs/{gssCode}', 'get-api-v1-boroughs-gssCode'],
      ['DELETE', '/api/v1/boroughs/{gssCode}', 'delete-api-v1-boroughs-gssCode'],
      ['GET', '/api/v1/openapi.json', 'get-api-v1-openapi-json'],
    ]);
    for (const o of docs.operations) expect(o.id).toMatch(/^[a-zA-Z0-9-]+$/);
  });

  it('uses the summary, or the path when there is none', () => {
    expect(op('get-api-v1-boroughs')).toMatchObject({
      summary: 'List the boroughs',
      description: 'Every London area, by name.',
    });
    expect(op('get-api-v1-openapi-json')).toMatchObject({ summary: '/api/v1/openapi.json', description: '' });
  });

  it('shows parameters with where they go, whether required, and a description from the schema if need be', () => {
    expect(op('get-api-v1-boroughs-gssCode').parameters).toEqual([
      { name: 'gssCode', location: 'path', required: true, description: 'ONS code' },
      { name: 'fields', location: 'query', required: false, description: 'Which fields' },
    ]);
    expect(op('get-api-v1-boroughs').parameters).toEqual([]);
  });

  it('shows each response with its media type', () => {
    expect(op('get-api-v1-boroughs').responses).toEqual([
      { status: '200', description: 'The areas', mediaType: 'application/json' },
      { status: '401', description: 'No token', mediaType: 'application/problem+json' },
    ]);
    expect(op('get-api-v1-boroughs-gssCode').responses).toEqual([
      { status: '200', description: 'The area', mediaType: '' },
      { status: '404', description: 'No such area', mediaType: '' },
    ]);
    expect(op('delete-api-v1-boroughs-gssCode').responses).toEqual([]);
  });

  it('marks operations as needing a token from the global security, unless an operation clears it', () => {
    expect(op('get-api-v1-boroughs').authenticated).toBe(true);
    expect(op('delete-api-v1-boroughs-gssCode').authenticated).toBe(true);
    expect(op('get-api-v1-openapi-json').authenticated).toBe(false);
  });

  it('marks operations public when there is no global security, unless an operation asks for a token', () => {
    const open = presentApiDocs({ ...document, security: [] });
    expect(open.operations.find((o) => o.id === 'get-api-v1-boroughs')?.authenticated).toBe(false);
    expect(open.operations.find((o) => o.id === 'delete-api-v1-boroughs-gssCode')?.authenticated).toBe(true);
    const none = presentApiDocs({ paths: document.paths });
    expect(none.operations.find((o) => o.id === 'get-api-v1-boroughs')?.authenticated).toBe(false);
  });

  it.each([
    [null],
    [undefined],
    [42],
    ['openapi'],
    [true],
    [[]],
    [{}],
    [{ info: 7, paths: 'x', security: {} }],
  ])('gives an empty page for %j rather than throwing', (input) => {
    expect(presentApiDocs(input)).toEqual({
      title: '',
      version: '',
      description: '',
      openApiUrl: '/api/v1/openapi.json',
      operations: [],
    });
  });

  it('tolerates broken parts of an otherwise good document', () => {
    const docsWithJunk = presentApiDocs({
      info: { title: 5, version: null },
      paths: {
        '/a': null,
        '/b': { get: null, post: 'x' },
        '/c': {
          put: {
            summary: 3,
            parameters: [null, 4, { name: 7, in: 'header', required: 'yes' }],
            responses: [],
          },
        },
        '/d': { patch: { responses: { '204': null, '500': { content: 'text' } } } },
      },
    });
    expect(docsWithJunk.title).toBe('');
    expect(docsWithJunk.version).toBe('');
    expect(docsWithJunk.operations.map((o) => o.id)).toEqual(['put-c', 'patch-d']);
    expect(docsWithJunk.operations[0]).toMatchObject({
      summary: '/c',
      parameters: [
        { name: '', location: '', required: false, description: '' },
        { name: '', location: '', required: false, description: '' },
        { name: '', location: 'header', required: false, description: '' },
      ],
      responses: [],
    });
    expect(docsWithJunk.operations[1]?.responses).toEqual([
      { status: '204', description: '', mediaType: '' },
      { status: '500', description: '', mediaType: '' },
    ]);
  });

  it('never throws on any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.anything(), (json, value) => {
        const fromJson = presentApiDocs(json);
        expect(Array.isArray(fromJson.operations)).toBe(true);
        const fromAnything = presentApiDocs({
          paths: { '/x': { get: value } },
          info: value,
          security: value,
        });
        expect(typeof fromAnything.title).toBe('string');
      }),
      { numRuns: 500 },
    );
  });
});
