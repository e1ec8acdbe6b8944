import { TimestampedModel } from 'shared-models';

/** An invoice, kept in the billing app's own database; createdAt/updatedAt come from the shared TimestampedModel. */
export class Invoice extends TimestampedModel {
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
