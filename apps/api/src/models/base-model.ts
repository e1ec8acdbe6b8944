import { Model, snakeCaseMappers } from 'objection';

/** Properties are camelCase in code and snake_case in the database. */
export class BaseModel extends Model {
  static override get columnNameMappers() {
    return snakeCaseMappers();
  }
}
