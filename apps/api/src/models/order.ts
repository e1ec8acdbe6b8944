import { snakeCaseMappers } from 'objection';
import { TimestampedModel } from 'shared-models';

/** An order placed by an account; created_at/updated_at come from the shared TimestampedModel. */
export class Order extends TimestampedModel {
  static override tableName = 'order';

  // Like BaseModel: camelCase in code, snake_case in the database.
  static override get columnNameMappers() {
    return snakeCaseMappers();
  }

  id!: number;
  description?: string | null;

  static override jsonSchema = {
    type: 'object',
    properties: {
      id: { type: 'integer' },
      description: { type: ['string', 'null'], maxLength: 200 },
    },
  };
}
