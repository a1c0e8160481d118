// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

interface IERC20Balance {
    function balanceOf(address account) external view returns (uint256);
    function transfer(address to, uint256 amount) external returns (bool);
}

/// @title A constant-product (x·y = k) pool of two tokens, the shape of a PancakeSwap v2 pair.
/// @notice Like a v2 pair, it trusts no caller: the input is whatever its token balances grew by since the last
///         sync, and a swap stands only if k, with the 0.25 % fee taken from the input (9975/10000), does not
///         shrink. There are no LP shares: liquidity is sent to the pair and `sync` adopts it — enough for a local
///         test chain, where the deployer seeds each pool once and never withdraws.
contract ConstantProductPair {
    uint256 public constant FEE_NUMERATOR = 9975; // 0.25 % fee, as PancakeSwap v2
    uint256 public constant FEE_DENOMINATOR = 10000;

    address public immutable token0;
    address public immutable token1;
    uint256 public reserve0;
    uint256 public reserve1;

    bool private locked;

    event Swap(address indexed sender, uint256 amount0In, uint256 amount1In, uint256 amount0Out, uint256 amount1Out,
        address indexed to);
    event Sync(uint256 reserve0, uint256 reserve1);

    modifier nonReentrant() {
        require(!locked, "Pair: LOCKED");
        locked = true;
        _;
        locked = false;
    }

    constructor(address tokenA, address tokenB) {
        require(tokenA != tokenB && tokenA != address(0) && tokenB != address(0), "Pair: BAD_TOKENS");
        (token0, token1) = tokenA < tokenB ? (tokenA, tokenB) : (tokenB, tokenA);
    }

    function getReserves() external view returns (uint256, uint256) {
        return (reserve0, reserve1);
    }

    /// Sends the asked-for outputs to `to`, provided the tokens already sent in pay for them (fee included).
    function swap(uint256 amount0Out, uint256 amount1Out, address to) external nonReentrant {
        require(amount0Out > 0 || amount1Out > 0, "Pair: INSUFFICIENT_OUTPUT_AMOUNT");
        require(amount0Out < reserve0 && amount1Out < reserve1, "Pair: INSUFFICIENT_LIQUIDITY");
        require(to != token0 && to != token1, "Pair: INVALID_TO");

        if (amount0Out > 0) require(IERC20Balance(token0).transfer(to, amount0Out), "Pair: TRANSFER_FAILED");
        if (amount1Out > 0) require(IERC20Balance(token1).transfer(to, amount1Out), "Pair: TRANSFER_FAILED");

        uint256 balance0 = IERC20Balance(token0).balanceOf(address(this));
        uint256 balance1 = IERC20Balance(token1).balanceOf(address(this));
        uint256 amount0In = balance0 > reserve0 - amount0Out ? balance0 - (reserve0 - amount0Out) : 0;
        uint256 amount1In = balance1 > reserve1 - amount1Out ? balance1 - (reserve1 - amount1Out) : 0;
        require(amount0In > 0 || amount1In > 0, "Pair: INSUFFICIENT_INPUT_AMOUNT");

        // k must not shrink once the fee is kept out of the input: in units scaled by FEE_DENOMINATOR.
        uint256 adjusted0 = balance0 * FEE_DENOMINATOR - amount0In * (FEE_DENOMINATOR - FEE_NUMERATOR);
        uint256 adjusted1 = balance1 * FEE_DENOMINATOR - amount1In * (FEE_DENOMINATOR - FEE_NUMERATOR);
        require(adjusted0 * adjusted1 >= reserve0 * reserve1 * FEE_DENOMINATOR * FEE_DENOMINATOR, "Pair: K");

        _update(balance0, balance1);
        emit Swap(msg.sender, amount0In, amount1In, amount0Out, amount1Out, to);
    }

    /// Adopts the token balances as the reserves (how liquidity is added here).
    function sync() external nonReentrant {
        _update(IERC20Balance(token0).balanceOf(address(this)), IERC20Balance(token1).balanceOf(address(this)));
    }

    function _update(uint256 balance0, uint256 balance1) private {
        reserve0 = balance0;
        reserve1 = balance1;
        emit Sync(balance0, balance1);
    }
}
