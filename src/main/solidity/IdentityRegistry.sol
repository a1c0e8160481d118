// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

/// @title An ERC-8004-style identity registry: each agent is a non-fungible token whose URI points at the
///        agent's registration file.
/// @notice Only what Halyrd uses of ERC-8004's identity registry and ERC-721: `register`, the `Registered` event,
///         `agentURI`/`tokenURI`, `ownerOf`, `balanceOf`, and the ERC-721 `Transfer` event on mint. Tokens cannot be
///         transferred here. Ids start at 1, so 0 never names an agent.
contract IdentityRegistry {
    uint256 public totalAgents;

    mapping(uint256 => address) private owners;
    mapping(uint256 => string) private uris;
    mapping(address => uint256) public balanceOf;

    event Registered(uint256 indexed agentId, string agentURI, address indexed owner);
    /// ERC-721's mint event. Its signature is the same as ERC-20's Transfer, but all three arguments are indexed.
    event Transfer(address indexed from, address indexed to, uint256 indexed tokenId);

    function register(string calldata agentURI_) external returns (uint256 agentId) {
        require(bytes(agentURI_).length > 0, "Identity: EMPTY_URI");
        agentId = ++totalAgents;
        owners[agentId] = msg.sender;
        uris[agentId] = agentURI_;
        balanceOf[msg.sender] += 1;
        emit Transfer(address(0), msg.sender, agentId);
        emit Registered(agentId, agentURI_, msg.sender);
    }

    function ownerOf(uint256 agentId) public view returns (address owner) {
        owner = owners[agentId];
        require(owner != address(0), "Identity: NO_SUCH_AGENT");
    }

    function agentURI(uint256 agentId) public view returns (string memory) {
        ownerOf(agentId);
        return uris[agentId];
    }

    function tokenURI(uint256 agentId) external view returns (string memory) {
        return agentURI(agentId);
    }
}
