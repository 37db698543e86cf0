import engine from '../../engines/flexsearch-idb';
import { installDriver } from '../driver';

installDriver(engine());
