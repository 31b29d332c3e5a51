package commands;

import picocli.CommandLine;

/** picocli's factory for pool's commands: gives every release command the way to open its session. */
final class CommandFactory implements CommandLine.IFactory {
    private final ReleaseSession.Opener opener;

    CommandFactory(ReleaseSession.Opener opener) {
        this.opener = opener;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        K instance = CommandLine.defaultFactory().create(type);
        if (instance instanceof ReleaseCommand command) {
            command.opener = opener;
        }
        return instance;
    }
}
