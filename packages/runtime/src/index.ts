export { defaultUrls } from './config/default-urls.ts';
