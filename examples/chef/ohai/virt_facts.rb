#
# Ohai plugin: virt_facts, from the installed virt-facts program.
#
# Copy this file into a directory on Ohai's plugin path (`ohai.optional_plugins` is not needed: it is not
# optional), e.g. with the ohai cookbook's `ohai_plugin` resource or into the directory named by
# `ohai.plugin_path` in client.rb. It runs `virt-facts --format json --no-evidence` and provides the document
# as `node['virt_facts']`. Ohai's own `virtualization` attribute is left alone.
#
# Settings (client.rb):
#   ohai.plugin[:virt_facts][:command]  = "/usr/local/bin/virt-facts"  # default: virt-facts on PATH, then
#                                                                      # /usr/local/bin/virt-facts,
#                                                                      # /etc/ansible/facts.d/virt.fact
#   ohai.plugin[:virt_facts][:evidence] = true                         # keep the evidence array (it is left
#                                                                      # out: it would grow every node object)
#
# If the program is missing, fails or prints something that is not JSON, the plugin logs a warning and
# provides nothing; Ohai and the Chef run go on.
#
require "json"

Ohai.plugin(:VirtFacts) do
  provides "virt_facts"

  # Where the program is installed: the setting, else PATH, else where `virt-facts install` puts it.
  def virt_facts_command
    configured = configuration(:command)
    return configured if configured

    which("virt-facts") || ["/usr/local/bin/virt-facts", "/etc/ansible/facts.d/virt.fact"].find { |path| File.executable?(path) }
  end

  collect_data(:linux) do
    command = virt_facts_command
    if command.nil?
      logger.warn("Plugin VirtFacts: virt-facts is not installed (not on PATH, no /usr/local/bin/virt-facts); virt_facts not collected")
    else
      args = [command, "--format", "json"]
      args << "--no-evidence" unless configuration(:evidence)
      begin
        so = shell_out(args, timeout: 30)
        if so.exitstatus == 0
          virt_facts Mash.new(JSON.parse(so.stdout))
        else
          logger.warn("Plugin VirtFacts: #{command} exited #{so.exitstatus}: #{so.stderr.strip}; virt_facts not collected")
        end
      rescue Ohai::Exceptions::Exec => e
        logger.warn("Plugin VirtFacts: cannot run #{command}: #{e.message}; virt_facts not collected")
      rescue JSON::ParserError => e
        logger.warn("Plugin VirtFacts: #{command} did not print JSON (#{e.message}); virt_facts not collected")
      end
    end
  end
end
