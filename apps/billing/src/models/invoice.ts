import { Model } from 'objection';

/** An invoice, kept in the billing app's own database. */
export class Invoice extends Model {
  static override tableName = 'invoice';

  id!: number;
  number!: string;
  totalCents!: number;
  issuedAt!: Date;

  static override jsonSchema = {
    type: 'object',
    required: ['number', 'totalCents'],
    properties: {
      id: { type: 'integer' },
      number: { type: 'string', maxLength: 32 },
      totalCents: { type: 'integer' },
      issuedAt: { type: 'string', format: 'date-time' },
    },
  };
}
