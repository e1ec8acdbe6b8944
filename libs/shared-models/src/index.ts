export { TimestampedModel } from './timestamped-model';
