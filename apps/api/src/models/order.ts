import { BaseModel } from './base-model';

/** An order placed by an account. */
export class Order extends BaseModel {
  static override tableName = 'order';

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
