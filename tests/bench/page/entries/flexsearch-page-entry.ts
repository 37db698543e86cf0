import engine from '../../engines/flexsearch';
import { installDriver } from '../driver';

installDriver(engine());
