import engine from '../../engines/minisearch';
import { installDriver } from '../driver';

installDriver(engine());
