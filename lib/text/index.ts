/** Small text helpers shared by pages and lib. */
export { countOf, noun } from './plural';
