# workerd config for the portable suite. test/portable/runners/workerd.ts fills in the
# {{placeholders}} and writes the result beside the bundled worker in a temporary directory.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [(name = "main", worker = .suite)],
  sockets = [(name = "http", address = "127.0.0.1:{{port}}", http = (), service = "main")],
);

const suite :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "{{compatibilityDate}}",
  compatibilityFlags = [{{compatibilityFlags}}],
  bindings = [(name = "PROVIDER", text = "{{provider}}")],
);
