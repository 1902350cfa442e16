/** The registry of XZuFi object types served by the API. */
import { Kategorie } from './kategorie/kategorie';
import { Leistung } from './leistung/leistung';
import { Onlinedienst } from './onlinedienst/onlinedienst';
import { Organisationseinheit } from './organisationseinheit/organisationseinheit';
import type { ObjectType } from './shared/objectType';
import { Spezialisierung } from './spezialisierung/spezialisierung';
import { Zustaendigkeit } from './zustaendigkeit/zustaendigkeit';

export const OBJECT_TYPES = [Leistung, Spezialisierung, Organisationseinheit, Onlinedienst, Zustaendigkeit, Kategorie] as unknown as ObjectType[];
export { Kategorie, Leistung, Onlinedienst, Organisationseinheit, Spezialisierung, Zustaendigkeit };
