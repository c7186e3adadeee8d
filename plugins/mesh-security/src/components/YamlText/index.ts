export { YamlText } from './YamlText';
