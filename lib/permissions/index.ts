/** Host access the extension needs and how it asks for it (Firefox grants it only on request). */
export {
  missingOrigins,
  neededOrigins,
  onPermissionsChanged,
  requestHostAccess,
} from './host-access';
