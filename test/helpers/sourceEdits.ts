/** Changes made on the source installation through its own REST API, as its editors would. */
import type { SourceSystem } from './sourceSystem';

type Body = Record<string, unknown>;
const strip = ({ id, status, version, tenant, versionsinformation, ...body }: Body) => body;

/** The first published object of a type on the source. */
export async function firstOn(s: SourceSystem, path: string, where: (o: Body) => boolean = () => true): Promise<Body> {
  const res = await s.t.api.get(`/api/v1/${path}?limit=200`).expect(200);
  const found = (res.body.items as Body[]).find(where);
  if (!found) throw new Error(`no ${path} on the source`);
  return found;
}

/** Edits and publishes an object on the source (types without review). */
export async function editOn(s: SourceSystem, path: string, object: Body, change: Body): Promise<Body> {
  const put = await s.t.api.put(`/api/v1/${path}/${object.id}`).set('If-Match', `"${object.version}"`).send({ ...strip(object), ...change });
  if (put.status !== 200) throw new Error(`PUT ${path}: ${put.status} ${JSON.stringify(put.body)}`);
  const published = await s.t.api.post(`/api/v1/${path}/${object.id}/transitions`).send({ to: 'veroeffentlicht' });
  if (published.status !== 200) throw new Error(`publish ${path}: ${published.status} ${JSON.stringify(published.body)}`);
  return published.body;
}

export async function deleteOn(s: SourceSystem, path: string, object: Body): Promise<void> {
  const res = await s.t.api.delete(`/api/v1/${path}/${object.id}`).set('If-Match', `"${object.version}"`);
  if (res.status !== 204) throw new Error(`DELETE ${path}: ${res.status} ${JSON.stringify(res.body)}`);
}
