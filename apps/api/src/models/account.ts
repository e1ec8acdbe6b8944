import { Model, type RelationMappings } from 'objection';
import { BaseModel } from './base-model';
import { Order } from './order';

/** A customer account. */
export class Account extends BaseModel {
  static override tableName = 'account';

  id!: number;
  /**
   * Display name.
   * @renamedFrom username
   */
  name!: string;
  description?: string | null;
  orderId?: number | null;

  static override jsonSchema = {
    type: 'object',
    required: ['name'],
    properties: {
      id: { type: 'integer' },
      name: { type: 'string', maxLength: 50 },
      description: { type: ['string', 'null'], maxLength: 200 },
      orderId: { type: ['integer', 'null'] },
    },
  };

  static override get relationMappings(): RelationMappings {
    return {
      lastOrder: {
        relation: Model.BelongsToOneRelation,
        modelClass: Order,
        join: { from: 'account.order_id', to: 'order.id' },
      },
    };
  }
}
