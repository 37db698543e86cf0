import engine from '../../engines/orama';
import { installDriver } from '../driver';

installDriver(engine());
