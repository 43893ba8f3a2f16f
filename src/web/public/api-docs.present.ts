/** Shapes an OpenAPI 3.1 document for the documentation page. */

type Json = Record<string, unknown>;

export type ApiOperation = {
  id: string;
  method: string;
  path: string;
  summary: string;
  description: string;
  authenticated: boolean;
  parameters: { name: string; location: string; required: boolean; description: string }[];
  responses: { status: string; description: string; mediaType: string }[];
};

export type ApiDocs = {
  title: string;
  version: string;
  description: string;
  openApiUrl: string;
  operations: ApiOperation[];
};

const methods = ['get', 'post', 'put', 'patch', 'delete'] as const;
const asObject = (v: unknown): Json => (v && typeof v === 'object' ? (v as Json) : {});
const asString = (v: unknown): string => (typeof v === 'string' ? v : '');

export function presentApiDocs(document: unknown): ApiDocs {
  const doc = asObject(document);
  const info = asObject(doc.info);
  const globalSecurity = Array.isArray(doc.security) && doc.security.length > 0;
  const operations: ApiOperation[] = [];
  for (const [path, item] of Object.entries(asObject(doc.paths))) {
    for (const method of methods) {
      const op = asObject(asObject(item)[method]);
      if (Object.keys(op).length === 0) continue;
      const security = Array.isArray(op.security) ? op.security.length > 0 : globalSecurity;
      operations.push({
        id: `${method}-${path}`.replace(/[^a-zA-Z0-9]+/g, '-').replace(/-+$/, ''),
        method: method.toUpperCase(),
        path,
        summary: asString(op.summary) || path,
        description: asString(op.description),
        authenticated: security,
        parameters: (Array.isArray(op.parameters) ? op.parameters : []).map((p) => {
          const param = asObject(p);
          return {
            name: asString(param.name),
            location: asString(param.in),
            required: param.required === true,
            description: asString(param.description) || asString(asObject(param.schema).description),
          };
        }),
        responses: Object.entries(asObject(op.responses)).map(([status, r]) => ({
          status,
          description: asString(asObject(r).description),
          mediaType: Object.keys(asObject(asObject(r).content))[0] ?? '',
        })),
      });
    }
  }
  return {
    title: asString(info.title),
    version: asString(info.version),
    description: asString(info.description),
    openApiUrl: '/api/v1/openapi.json',
    operations,
  };
}
