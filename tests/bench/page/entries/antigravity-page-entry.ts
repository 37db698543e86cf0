import engine from '../../engines/antigravity';
import { installDriver } from '../driver';

installDriver(engine());
