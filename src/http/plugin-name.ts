// Names an encapsulated (non-fastify-plugin) plugin, as fastify-plugin names the plugins it wraps, without skipping
// encapsulation. Without a name, every `register` makes Fastify look the function up among the exports of every loaded
// module (fastify/lib/plugin-utils getPluginName walks require.cache): little in a server, but ~6 ms a plugin under
// jest's module registry, which made every test app ~130 ms dearer to build (issue 22: the suite's own cost). The meta
// name is what avvio shows in printPlugins() and what a plugin's `dependencies` can name.
const displayName = Symbol.for('fastify.display-name');
const pluginMeta = Symbol.for('plugin-meta');

type Named = { [displayName]?: string; [pluginMeta]?: { name?: string } };

export function named<T extends (...args: never[]) => unknown>(name: string, plugin: T): T {
  const target = plugin as T & Named;
  target[displayName] ??= name;
  target[pluginMeta] ??= { name };
  return plugin;
}
