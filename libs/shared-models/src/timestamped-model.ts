import { Model } from 'objection';

/**
 * A base for models whose rows record when they were created and last updated. It has no
 * `tableName`: it is a base class, not a table. The apps extend it (api's Order, billing's
 * Invoice), so a change here changes both apps' schemas, and `nx affected` runs both apps'
 * migrate-* targets.
 *
 * Column names follow the subclass's naming: `created_at` under `snakeCaseMappers()`,
 * `createdAt` without.
 */
export class TimestampedModel extends Model {
  /** Set by the database on insert. */
  createdAt!: Date;
  /** Set on every update through objection; null until the first one. */
  updatedAt?: Date | null;

  /** Read by mig's model reader (objection ignores it): the database fills `created_at`. */
  static dbHints = {
    columns: { createdAt: { default: { raw: 'now()' } } },
  };

  override $beforeUpdate(): void {
    this.updatedAt = new Date();
  }
}
